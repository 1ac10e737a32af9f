// Placeholder while the documents issue is being built.
export const handler = async () => ({ statusCode: 501, body: '' });
