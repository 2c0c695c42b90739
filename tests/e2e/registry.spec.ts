import { expect, FIXTURE, signUp, test } from "./helpers";

test("the registry endpoint serves an uploaded image on the production server: base check, sizes on HEAD, no redirects", async ({ page, request }) => {
  const account = await signUp(page, "isv");
  await page.getByLabel("选择文件").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: /hello-iot 的版本/ }).click();
  await expect(page.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible({ timeout: 30_000 });

  await page.getByRole("link", { name: "API 密钥" }).click();
  await expect(page.getByText("还没有 API 密钥。")).toBeVisible();
  // The ISV's namespace, derived from the email at sign-up.
  const handle = account.email.split("@")[0];
  await expect(page.getByLabel("镜像仓库命名空间")).toHaveText(new RegExp(`^127\\.0\\.0\\.1:\\d+/${handle}$`));
  await page.getByLabel("名称").fill("docker login");
  await page.getByRole("button", { name: "创建密钥" }).click();
  const dialog = page.getByRole("dialog", { name: "API 密钥已创建" });
  const key = (await dialog.getByLabel("新的 API 密钥").textContent())!.trim();

  // GET /v2/ itself answers (no redirect to /v2), with the challenge docker and skopeo answer.
  const anonymous = await request.get("/v2/", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toBe('Basic realm="Stagecraft"');
  expect(anonymous.headers()["docker-distribution-api-version"]).toBe("registry/2.0");
  expect(await anonymous.json()).toEqual({ errors: [expect.objectContaining({ code: "UNAUTHORIZED" })] });

  const headers = { Authorization: `Basic ${Buffer.from(`${account.email}:${key}`).toString("base64")}` };
  expect((await request.get("/v2/", { headers, maxRedirects: 0 })).status()).toBe(200);
  const unknown = await request.get("/v2/nobody/nothing/manifests/v1.0", { headers, maxRedirects: 0 });
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ errors: [expect.objectContaining({ code: "NAME_UNKNOWN" })] });

  // HEAD tells the manifest's and the blob's sizes (Next's route handlers would drop Content-Length),
  // and a blob goes out with its length, not chunked.
  const manifest = await request.get(`/v2/${handle}/hello-iot/manifests/v1.0`, { headers });
  expect(manifest.status()).toBe(200);
  const body = await manifest.body();
  const head = await request.head(`/v2/${handle}/hello-iot/manifests/v1.0`, { headers });
  expect(head.headers()["content-length"]).toBe(String(body.length));
  expect(head.headers()["docker-content-digest"]).toBe(manifest.headers()["docker-content-digest"]);
  const layer = (JSON.parse(body.toString()) as { layers: { digest: string; size: number }[] }).layers[0]!;
  const blobHead = await request.head(`/v2/${handle}/hello-iot/blobs/${layer.digest}`, { headers });
  expect([blobHead.status(), blobHead.headers()["content-length"]]).toEqual([200, String(layer.size)]);
  const blob = await request.get(`/v2/${handle}/hello-iot/blobs/${layer.digest}`, { headers });
  expect(blob.headers()["content-length"]).toBe(String(layer.size));
  expect(blob.headers()["transfer-encoding"]).toBeUndefined();
  expect((await blob.body()).length).toBe(layer.size);

  // Pages with a trailing slash are redirected to the page, as Next does by default.
  const market = await request.get("/market/", { maxRedirects: 0 });
  expect([market.status(), market.headers()["location"]]).toEqual([308, "/market"]);
});
