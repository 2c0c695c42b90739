"use server";
import { revalidatePath } from "next/cache";
import { failure, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { deleteVersion } from "@/lib/images/service";

export async function deleteImageVersionAction(imageId: string, version: string): Promise<ActionResult> {
  const user = await requireRole("isv");
  try {
    deleteVersion(user, imageId, version);
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/console/images");
  return { ok: true };
}
