// Placeholder: replaced by the real handler in this issue.
export const handler = async (event: unknown) => ({ statusCode: 501, body: JSON.stringify({ event: typeof event }) });
