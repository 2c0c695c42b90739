import { plannedRoute } from "@/components/shell/planned-page";

const route = plannedRoute("images", "isv");
export const generateMetadata = route.generateMetadata;
export default route.Page;
