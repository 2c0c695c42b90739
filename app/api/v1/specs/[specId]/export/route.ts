import { withApiUser } from "@/lib/auth/api";
import { exportSpec } from "@/lib/specs/transfer";

type Context = { params: Promise<{ specId: string }> };

/** The spec as `<application>-<spec>.zip`; the console's 导出 links here too (session cookie). */
export const GET = withApiUser<Context>(
  async (_request, user, { params }) => {
    const { fileName, bytes } = await exportSpec(user, (await params).specId);
    const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "_");
    return new Response(Buffer.from(bytes), {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        "Cache-Control": "no-store",
      },
    });
  },
  { role: "isv" },
);
