// The Stagecraft side of `npm run bench:mqtt`, in its own process like the server's broker:
// registers the devices, starts the broker on a free port and prints one JSON line with the port
// and the devices' credentials for the load generator. Runs until killed. DATA_DIR comes from the
// parent, which reads the stored messages afterwards.
import { migrateDb } from "@/db/migrate";
import { createProduct, registerDevice } from "@/lib/devices/service";
import { createMqttBroker } from "@/lib/mqtt/broker";
import { createUser } from "@/lib/users/service";

migrateDb();
const owner = await createUser({ email: "bench@bench.local", password: "bench-password", roles: ["buyer"] });
const product = createProduct(owner, { name: "bench", protocol: "MQTT", deviceType: "meter", manufacturer: "bench" });
const devices = Array.from({ length: Number(process.env.BENCH_DEVICES) }, (_, i) => {
  const { device, secret } = registerDevice(owner, { productId: product.id, nodeId: `bench-${i}`, name: `Bench ${i}` });
  return { id: device.id, secret: secret! };
});
const broker = await createMqttBroker({ port: 0, host: "127.0.0.1" });
console.log(JSON.stringify({ port: broker.port, devices }));
// A normal exit, so that --cpu-prof (BENCH_CPU_PROF_DIR) writes its profile.
process.once("SIGTERM", () => void broker.close().finally(() => process.exit(0)));
