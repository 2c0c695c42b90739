"use server";
import { revalidatePath } from "next/cache";
import { formAction, redirectTo } from "@/lib/action";
import { submitFormSchema } from "@/lib/reviews/schema";
import { submitForReview } from "@/lib/reviews/service";

async function bytes(file: File): Promise<Buffer> {
  return Buffer.from(await file.arrayBuffer());
}

/** Step ② of the wizard sends everything at once; nothing is stored unless all of it is right. */
export const submitForReviewAction = formAction(
  { role: "isv", args: ["appId"], schema: submitFormSchema, lists: ["specIds", "intro"] },
  async (user, { appId, logo, showcase, intro, ...input }) => {
    const images = { logo: logo && (await bytes(logo)), showcase: showcase && (await bytes(showcase)), intro: await Promise.all(intro.map(bytes)) };
    submitForReview(user, appId, input, images);
    revalidatePath(`/console/applications/${appId}`);
    return redirectTo(`/console/applications/${appId}?tab=review`);
  },
);
