import { plannedRoute } from "@/components/shell/planned-page";

const route = plannedRoute("targets", "operator");
export const generateMetadata = route.generateMetadata;
export default route.Page;
