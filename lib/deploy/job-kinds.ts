// The deployment domain's job kinds, apart from their handlers (job.ts), which drive the engine:
// the engine and the service queue these kinds without importing what runs them.
export const DEPLOY_JOB = "deployment";
export const PULL_REFRESH_JOB = "deployment.refresh-pull";
