import { plannedRoute } from "@/components/shell/planned-page";

const route = plannedRoute("applications", "isv");
export const generateMetadata = route.generateMetadata;
export default route.Page;
