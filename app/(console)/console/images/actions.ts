"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { deleteVersion } from "@/lib/images/service";

export const deleteImageVersionAction = action({ role: "isv", args: ["imageId", "version"] }, (user, { imageId, version }) => {
  deleteVersion(user, imageId, version);
  revalidatePath("/console/images");
});
