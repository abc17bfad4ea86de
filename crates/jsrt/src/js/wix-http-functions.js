// wix-http-functions: the response helpers of HTTP functions.
export class WixHttpFunctionResponse {
  constructor(options = {}) {
    this.status = options.status ?? 200;
    this.headers = { ...(options.headers ?? {}) };
    this.body = options.body;
  }
}

function helper(status) {
  // "If the object contains a status it will be ignored."
  return (options = {}) => new WixHttpFunctionResponse({ ...options, status });
}

export const ok = helper(200);
export const created = helper(201);
export const badRequest = helper(400);
export const forbidden = helper(403);
export const notFound = helper(404);
export const serverError = helper(500);

export function response(options = {}) {
  if (!Number.isInteger(options.status) || options.status < 100 || options.status > 599) {
    throw new TypeError('response: status must be an HTTP status code');
  }
  return new WixHttpFunctionResponse(options);
}

export default { ok, created, badRequest, forbidden, notFound, serverError, response, WixHttpFunctionResponse };
