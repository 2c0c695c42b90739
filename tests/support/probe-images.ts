// Image archives that run: the hello-iot fixture's busybox layer plus a layer of the test's own
// (a different index page), under whatever tag the archive claims inside. Two such archives with
// the same inner tag and different content are what an ISV shadowing another's image would upload.
import fs from "node:fs";
import path from "node:path";
import tar from "tar-stream";
import { FIXTURES, sha256, tarBuffer } from "./archives";

async function readTar(file: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c) => void chunks.push(c as Buffer));
    stream.on("end", () => {
      entries.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => extract.on("finish", () => resolve()).on("error", reject));
  fs.createReadStream(file).pipe(extract);
  await done;
  return entries;
}

/** A docker-save archive in `dir` whose image serves `page` at / (and ok at /health), tagged `innerTag` inside. */
export async function probeArchive(dir: string, fileName: string, page: string, innerTag = "localhost/probe:v1.0"): Promise<string> {
  const fixture = await readTar(path.join(FIXTURES, "docker_hello-iot_v1.0.tar"));
  const manifest = JSON.parse(fixture.get("manifest.json")!.toString())[0] as { Config: string; Layers: string[] };
  const base = fixture.get(manifest.Layers[0]!)!;
  const own = await tarBuffer([{ name: "www/index.html", data: page }]);
  const config = JSON.parse(fixture.get(manifest.Config)!.toString());
  config.rootfs.diff_ids = [`sha256:${sha256(base)}`, `sha256:${sha256(own)}`];
  config.history = [...config.history, { created: "1970-01-01T00:00:00Z", created_by: "probe page" }];
  const configJson = JSON.stringify(config);
  const layers = [`${sha256(base)}/layer.tar`, `${sha256(own)}/layer.tar`];
  const archive = await tarBuffer([
    { name: `${sha256(configJson)}.json`, data: configJson },
    { name: layers[0]!, data: base },
    { name: layers[1]!, data: own },
    { name: "manifest.json", data: JSON.stringify([{ Config: `${sha256(configJson)}.json`, RepoTags: [innerTag], Layers: layers }]) },
  ]);
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, archive);
  return file;
}
