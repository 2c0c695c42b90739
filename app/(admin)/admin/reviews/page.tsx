import { plannedRoute } from "@/components/shell/planned-page";

const route = plannedRoute("reviews", "operator");
export const generateMetadata = route.generateMetadata;
export default route.Page;
