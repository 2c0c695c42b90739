/**
 * The fixture behind generated credentials: one hello-iot container and a basic-auth login in
 * front of it, published. Its access URL answers 401 without the credentials and 200 with them.
 * Used by the e2e deploy tests and the container test.
 */
export const PROTECTED_GRAPH = {
  nodes: [
    { id: "creds", type: "credentials", name: "管理员账号" },
    { id: "app", type: "workload", name: "Web", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health" } },
    { id: "web", type: "endpoint", name: "访问端点", properties: { public: true } },
  ],
  edges: [
    { from: "app", to: "creds" },
    { from: "web", to: "app" },
  ],
};
