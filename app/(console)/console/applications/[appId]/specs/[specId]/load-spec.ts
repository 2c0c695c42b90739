import "server-only";
import { notFound } from "next/navigation";
import { requireRole } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { getSpecOrThrow } from "@/lib/specs/queries";

export type SpecPageProps = { params: Promise<{ appId: string; specId: string }> };

/** The ISV's spec for a spec page; another ISV's spec, or one of another application, is a 404. */
export async function loadSpec(props: SpecPageProps) {
  const user = await requireRole("isv");
  const { appId, specId } = await props.params;
  try {
    const row = getSpecOrThrow(user.id, specId);
    if (row.application.id !== appId) notFound();
    return { ...row, user };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
