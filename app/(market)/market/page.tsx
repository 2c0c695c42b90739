import { plannedRoute } from "@/components/shell/planned-page";

// Public: anyone may browse the marketplace; taking an app needs an account.
const route = plannedRoute("market");
export const generateMetadata = route.generateMetadata;
export default route.Page;
