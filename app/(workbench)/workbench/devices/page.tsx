import { plannedRoute } from "@/components/shell/planned-page";

const route = plannedRoute("devices", "buyer");
export const generateMetadata = route.generateMetadata;
export default route.Page;
