// Placeholder: the rollout release function is being written.
export const handler = async () => ({ released: 0 });
