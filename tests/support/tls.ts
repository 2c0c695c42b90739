// A small PKI from openssl for tests of TLS client authentication: a CA, a server certificate for
// 127.0.0.1 and a client certificate, as `dockerd --tlsverify` and its clients use them.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type TestPki = { ca: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string };

const openssl = (args: string[], cwd: string) => execFileSync("openssl", args, { cwd, stdio: "pipe" });

function sign(dir: string, name: string, ext: string) {
  openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.csr`], dir);
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-extfile", `${name}.ext`, "-out", `${name}.crt`], dir);
}

/** Files in `dir`; the returned paths are absolute. */
export function makePki(dir: string): TestPki {
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=test-ca", "-keyout", "ca.key", "-out", "ca.crt"], dir);
  sign(dir, "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  sign(dir, "client", "extendedKeyUsage=clientAuth\n");
  const at = (f: string) => path.join(dir, f);
  return { ca: at("ca.crt"), serverCert: at("server.crt"), serverKey: at("server.key"), clientCert: at("client.crt"), clientKey: at("client.key") };
}
