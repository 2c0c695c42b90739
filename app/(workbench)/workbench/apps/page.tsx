import { plannedRoute } from "@/components/shell/planned-page";

const route = plannedRoute("myApps", "buyer");
export const generateMetadata = route.generateMetadata;
export default route.Page;
