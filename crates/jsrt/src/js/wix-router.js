// wix-router: what `backend/routers.js` answers with. The server reads the resolved
// response: `ok` renders a router page with its data and head, the others answer by status,
// and `next()` lets the site's own pages answer.
export class WixRouterResponse {
  constructor(fields) {
    Object.assign(this, fields);
  }
}

const answer = (fields) => Promise.resolve(new WixRouterResponse(fields));

export function ok(page, routerReturnedData, head) {
  if (typeof page !== 'string' && !Array.isArray(page)) {
    throw new TypeError('ok: the page must be the name of one of the router\'s pages');
  }
  return answer({ status: 200, page, data: routerReturnedData, head: head ?? {} });
}

export function notFound(message) {
  return answer({ status: 404, message });
}

export function forbidden(message) {
  return answer({ status: 403, message });
}

export function redirect(url, statusCode = '301') {
  const status = Number(statusCode);
  if (typeof url !== 'string' || url === '') {
    throw new TypeError('redirect: the url must be a non-empty string');
  }
  if (status !== 301 && status !== 302) {
    throw new TypeError('redirect: the status code must be "301" or "302"');
  }
  return answer({ status, redirectUrl: url });
}

export function sendStatus(statusCode, message) {
  const status = Number(statusCode);
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new TypeError('sendStatus: the status code must be an HTTP status from 200 to 599');
  }
  return answer({ status, message });
}

export function next() {
  return answer({ next: true });
}

export class WixRouterSitemapEntry {
  constructor(pageName) {
    this.pageName = pageName;
    this.url = undefined;
    this.title = undefined;
    this.lastModified = undefined;
    this.changeFrequency = undefined;
    this.priority = undefined;
  }
}

export default {
  ok,
  notFound,
  forbidden,
  redirect,
  sendStatus,
  next,
  WixRouterResponse,
  WixRouterSitemapEntry,
};
