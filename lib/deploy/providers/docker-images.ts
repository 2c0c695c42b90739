import fs from "node:fs";
import type Docker from "dockerode";
import type { NodeContext } from "../types";

type Image = NonNullable<NodeContext["image"]>;

const notFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

async function follow(docker: Docker, stream: NodeJS.ReadableStream, what: string): Promise<void> {
  const messages: { error?: string }[] = await new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (err, output) => (err ? reject(err) : resolve(output))),
  );
  const failed = messages.find((m) => m.error);
  if (failed) throw new Error(`${what} failed: ${failed.error}`);
}

/** Whether the engine holds exactly this image: looked up by its content, never by a tag. */
async function holds(docker: Docker, id: string): Promise<boolean> {
  try {
    return (await docker.getImage(id).inspect()).Id === id;
  } catch (error) {
    if (notFound(error)) return false;
    throw error;
  }
}

/**
 * The engine's copy of one image version, referred to by its image ID (the sha256 of its config,
 * computed from the validated archive). The tag written inside an uploaded archive is never
 * trusted: two ISVs may both call their image `localhost/app:v1`, and a stale image under a tag
 * must not stand in for a re-uploaded version. When the engine lacks the ID, the archive is loaded
 * (or, for targets that pull, the version is pulled from this server's registry endpoint with the
 * deployment's token, which is never logged), and the ID must then be present.
 */
export function imageStore(docker: Docker) {
  // Workloads of one deployment that run the same image load it once.
  const pending = new Map<string, Promise<string>>();

  async function fetchImage(ctx: NodeContext, image: Image): Promise<string> {
    if (await holds(docker, image.id)) return image.id;
    if (image.pull) {
      ctx.log("info", `pulling image ${image.pull.reference}`);
      const authconfig = { username: image.pull.username, password: image.pull.password, serveraddress: image.pull.registry };
      await follow(docker, await docker.pull(image.pull.reference, { authconfig }), `docker pull ${image.pull.reference}`);
    } else {
      if (!fs.existsSync(image.archivePath)) throw new Error(`the image archive is missing: ${image.archivePath}`);
      ctx.log("info", `loading image ${image.ref} (${image.id.slice(0, 19)}) into the engine`);
      await follow(docker, await docker.loadImage(fs.createReadStream(image.archivePath)), "docker load");
    }
    if (!(await holds(docker, image.id))) throw new Error(`the engine does not hold image ${image.id} after ${image.pull ? "pulling" : "loading"} ${image.ref}`);
    return image.id;
  }

  return {
    ensure(ctx: NodeContext): Promise<string> {
      const image = ctx.image!;
      let found = pending.get(image.id);
      if (!found) {
        found = fetchImage(ctx, image);
        pending.set(image.id, found);
        found.catch(() => pending.delete(image.id));
      }
      return found;
    },
  };
}
