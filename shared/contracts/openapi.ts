/**
 * The OpenAPI 3.1 document, generated from the route list and the operation contracts — the same
 * zod schemas that validate requests. Every error response is problem+json.
 */
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { bodyLimits } from '../http/body.ts';
import { contracts } from './operations.ts';
import { problemSchema } from './http.ts';
import { routes, type RouteSpec } from './routes.ts';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

function operationObject(route: RouteSpec): ZodOpenApiOperationObject {
  const c = contracts[route.operationId as keyof typeof contracts] as (typeof contracts)[keyof typeof contracts] & {
    params?: never; headers?: never; body?: never;
  };
  const responses: Record<string, unknown> = {
    [c.success.status]: { description: c.success.description, content: { [(c.success as { mediaType?: string }).mediaType ?? 'application/json']: { schema: c.success.schema } } },
  };
  if ('body' in c || 'params' in c) responses[400] = problem('Dữ liệu không hợp lệ (trường lỗi trong `field` và `errors`)');
  if (route.auth === 'jwt') {
    responses[401] = problem('Thiếu hoặc sai JWT');
    responses[403] = problem('Vai trò hoặc phạm vi không cho phép');
  }
  if ('params' in c) responses[404] = problem('Không tìm thấy');
  if ('body' in c) responses[413] = problem(`Nội dung yêu cầu quá ${bodyLimits.maxBytes / 1024} KiB`);
  if (route.method === 'POST') {
    responses[409] = problem('Yêu cầu cùng Idempotency-Key đang được xử lý');
    responses[422] = problem('Idempotency-Key đã dùng cho nội dung khác');
  }
  for (const [status, description] of Object.entries((c as { problems?: Record<number, string> }).problems ?? {}))
    responses[status] = problem(responses[status] ? `${(responses[status] as { description: string }).description}; ${description}` : description);
  responses[500] = problem('Lỗi hệ thống (kèm correlationId)');
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.audience],
    ...(route.auth === 'jwt' ? { security: [{ cognito: [] }] } : {}),
    requestParams: {
      ...('params' in c ? { path: c.params } : {}),
      ...('headers' in c ? { header: c.headers } : {}),
    },
    ...('body' in c ? { requestBody: { required: true, content: { 'application/json': { schema: c.body } } } } : {}),
    responses: responses as ZodOpenApiOperationObject['responses'],
  };
}

/** Builds the document; `serverUrl` is where the API was reached. */
export function openApiDocument(serverUrl?: string): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes as readonly RouteSpec[]) {
    const item = (paths[route.path] ??= {}) as Record<string, ZodOpenApiOperationObject>;
    item[route.method.toLowerCase()] = operationObject(route);
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'motcua API',
      version: '1.0.0',
      description: 'Tiếp nhận hồ sơ và trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token (cognito:groups, custom:agency_id, custom:service_point_id)' },
      },
    },
    paths,
  });
}
