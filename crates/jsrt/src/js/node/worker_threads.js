// node:worker_threads — loads, but the sandbox runs no threads: this is the main thread.
export const isMainThread = true;
export const parentPort = null;
export const workerData = null;
export const threadId = 0;
export class Worker {
  constructor() {
    throw new Error('worker_threads: workers are not available in the sandbox');
  }
}
export class MessageChannel {
  constructor() {
    throw new Error('worker_threads: MessageChannel is not available in the sandbox');
  }
}
export default { isMainThread, parentPort, workerData, threadId, Worker, MessageChannel };
