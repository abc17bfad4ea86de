// node:https — node:http's client for https: URLs.
import http from 'node:http';

export class Agent extends http.Agent {
  constructor(options) {
    super(options);
    this.defaultPort = 443;
    this.protocol = 'https:';
  }
}
export const globalAgent = new Agent();

export function request(input, options, cb) {
  return new http.ClientRequest(input, options, cb, 'https:');
}

export function get(input, options, cb) {
  const req = request(input, options, cb);
  req.end();
  return req;
}

export function createServer() {
  throw new Error('https.createServer: servers are not available in the sandbox');
}
export const Server = http.Server;
export default { Agent, globalAgent, request, get, createServer, Server };
