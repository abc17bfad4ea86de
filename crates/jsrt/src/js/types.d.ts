// Types of Tessera's host modules for site code (Velo-compatible), for editors' completion.
// Served at /api/v1/jsrt/types.d.ts.

declare module 'wix-data' {
  export interface WixDataOptions {
    /** Lift the collection's permissions (backend code only). */
    suppressAuth?: boolean;
    /** Skip the collection's data hooks. */
    suppressHooks?: boolean;
    /** Include item drafts: reads see drafts over published items, writes change drafts. */
    showDrafts?: boolean;
  }
  export interface WixDataItem {
    _id: string;
    _owner?: string;
    _createdDate?: Date;
    _updatedDate?: Date;
    [field: string]: unknown;
  }
  export interface WixDataQueryResult<T = WixDataItem> {
    items: T[];
    length: number;
    totalCount: number;
    pageSize: number;
    currentPage: number;
    totalPages: number;
    query: WixDataQuery;
    hasNext(): boolean;
    hasPrev(): boolean;
    next(): Promise<WixDataQueryResult<T>>;
    prev(): Promise<WixDataQueryResult<T>>;
  }
  export class WixDataQuery {
    readonly collectionName: string;
    eq(field: string, value: unknown): WixDataQuery;
    ne(field: string, value: unknown): WixDataQuery;
    gt(field: string, value: unknown): WixDataQuery;
    ge(field: string, value: unknown): WixDataQuery;
    lt(field: string, value: unknown): WixDataQuery;
    le(field: string, value: unknown): WixDataQuery;
    between(field: string, from: unknown, to: unknown): WixDataQuery;
    contains(field: string, text: string): WixDataQuery;
    startsWith(field: string, text: string): WixDataQuery;
    endsWith(field: string, text: string): WixDataQuery;
    hasSome(field: string, ...values: unknown[]): WixDataQuery;
    hasAll(field: string, ...values: unknown[]): WixDataQuery;
    isEmpty(field: string): WixDataQuery;
    isNotEmpty(field: string): WixDataQuery;
    and(query: WixDataQuery): WixDataQuery;
    or(query: WixDataQuery): WixDataQuery;
    not(query: WixDataQuery): WixDataQuery;
    ascending(...fields: string[]): WixDataQuery;
    descending(...fields: string[]): WixDataQuery;
    limit(n: number): WixDataQuery;
    skip(n: number): WixDataQuery;
    include(...fields: string[]): WixDataQuery;
    fields(...fields: string[]): WixDataQuery;
    find(options?: WixDataOptions): Promise<WixDataQueryResult>;
    count(options?: WixDataOptions): Promise<number>;
    distinct(field: string, options?: WixDataOptions): Promise<WixDataQueryResult<unknown>>;
  }
  export interface WixDataBulkResult {
    inserted: number;
    updated: number;
    removed: number;
    skipped: number;
    errors: Error[];
    insertedItemIds: string[];
    updatedItemIds: string[];
    removedItemIds: string[];
  }
  export class WixDataSort {
    ascending(...fields: string[]): WixDataSort;
    descending(...fields: string[]): WixDataSort;
  }
  export interface WixDataAggregateResult {
    items: Record<string, unknown>[];
    length: number;
    hasNext(): boolean;
    next(): Promise<WixDataAggregateResult>;
  }
  export class WixDataAggregate {
    filter(filter: WixDataQuery): WixDataAggregate;
    group(...fields: string[]): WixDataAggregate;
    count(): WixDataAggregate;
    sum(field: string, projectedName?: string): WixDataAggregate;
    avg(field: string, projectedName?: string): WixDataAggregate;
    min(field: string, projectedName?: string): WixDataAggregate;
    max(field: string, projectedName?: string): WixDataAggregate;
    having(filter: WixDataQuery): WixDataAggregate;
    ascending(...fields: string[]): WixDataAggregate;
    descending(...fields: string[]): WixDataAggregate;
    limit(n: number): WixDataAggregate;
    skip(n: number): WixDataAggregate;
    run(options?: WixDataOptions): Promise<WixDataAggregateResult>;
  }
  export class WixDataPatch {
    setField(field: string, value: unknown): WixDataPatch;
    incrementField(field: string, by: number): WixDataPatch;
    appendToArray(field: string, value: unknown): WixDataPatch;
    removeFromArray(field: string, value: unknown): WixDataPatch;
    removeField(field: string): WixDataPatch;
    run(options?: WixDataOptions & { condition?: WixDataQuery }): Promise<WixDataItem>;
  }
  export class WixDataBulkPatch {
    setField(field: string, value: unknown): WixDataBulkPatch;
    incrementField(field: string, by: number): WixDataBulkPatch;
    appendToArray(field: string, value: unknown): WixDataBulkPatch;
    removeFromArray(field: string, value: unknown): WixDataBulkPatch;
    removeField(field: string): WixDataBulkPatch;
    run(options?: WixDataOptions & { condition?: WixDataQuery }): Promise<WixDataBulkResult>;
  }
  type Item = Record<string, unknown>;
  type ItemOrId = string | { _id: string };
  export function query(collection: string): WixDataQuery;
  export function filter(): WixDataQuery;
  export function sort(): WixDataSort;
  export function aggregate(collection: string): WixDataAggregate;
  export function patch(collection: string, id: string): WixDataPatch;
  export function bulkPatch(collection: string, ids: string[]): WixDataBulkPatch;
  export function get(collection: string, id: string, options?: WixDataOptions): Promise<WixDataItem | null>;
  export function insert(collection: string, item: Item, options?: WixDataOptions): Promise<WixDataItem>;
  export function update(collection: string, item: Item & { _id: string }, options?: WixDataOptions): Promise<WixDataItem>;
  export function save(collection: string, item: Item, options?: WixDataOptions): Promise<WixDataItem>;
  export function remove(collection: string, id: string, options?: WixDataOptions): Promise<WixDataItem | null>;
  export function truncate(collection: string, options?: WixDataOptions): Promise<void>;
  export function bulkInsert(collection: string, items: Item[], options?: WixDataOptions): Promise<WixDataBulkResult>;
  export function bulkUpdate(collection: string, items: Item[], options?: WixDataOptions): Promise<WixDataBulkResult>;
  export function bulkSave(collection: string, items: Item[], options?: WixDataOptions): Promise<WixDataBulkResult>;
  export function bulkRemove(collection: string, ids: string[], options?: WixDataOptions): Promise<WixDataBulkResult>;
  export function queryReferenced(collection: string, item: ItemOrId, field: string, options?: WixDataOptions & { limit?: number; skip?: number; order?: 'asc' | 'desc' }): Promise<{ items: WixDataItem[]; totalCount: number; hasNext(): boolean; hasPrev(): boolean }>;
  export function insertReference(collection: string, field: string, left: ItemOrId, right: ItemOrId | ItemOrId[], options?: WixDataOptions): Promise<void>;
  export function removeReference(collection: string, field: string, left: ItemOrId, right: ItemOrId | ItemOrId[], options?: WixDataOptions): Promise<void>;
  export function replaceReferences(collection: string, field: string, left: ItemOrId, right: ItemOrId | ItemOrId[], options?: WixDataOptions): Promise<void>;
  export function isReferenced(collection: string, field: string, left: ItemOrId, right: ItemOrId, options?: WixDataOptions): Promise<boolean>;
  const wixData: {
    query: typeof query; filter: typeof filter; sort: typeof sort; aggregate: typeof aggregate; patch: typeof patch; bulkPatch: typeof bulkPatch; get: typeof get; insert: typeof insert; update: typeof update;
    save: typeof save; remove: typeof remove; truncate: typeof truncate; bulkInsert: typeof bulkInsert;
    bulkUpdate: typeof bulkUpdate; bulkSave: typeof bulkSave; bulkRemove: typeof bulkRemove;
    queryReferenced: typeof queryReferenced; insertReference: typeof insertReference;
    removeReference: typeof removeReference; replaceReferences: typeof replaceReferences; isReferenced: typeof isReferenced;
  };
  export const items: typeof wixData;
  export default wixData;
}

declare module '@wix/data' {
  export * from 'wix-data';
}

declare module 'wix-http-functions' {
  export interface WixHttpFunctionRequest {
    readonly baseUrl: string;
    readonly path: string[];
    readonly query: Record<string, string>;
    /** Lower-cased names. */
    readonly headers: Record<string, string>;
    readonly method: string;
    readonly url: string;
    readonly functionName: string;
    readonly ip: string;
    readonly body: { text(): Promise<string>; json(): Promise<any>; buffer(): Promise<Uint8Array> };
  }
  export interface WixHttpFunctionResponseOptions {
    body?: string | Uint8Array | object;
    headers?: Record<string, string>;
  }
  export class WixHttpFunctionResponse {
    status: number;
    headers: Record<string, string>;
    body: unknown;
  }
  export function ok(options?: WixHttpFunctionResponseOptions): WixHttpFunctionResponse;
  export function created(options?: WixHttpFunctionResponseOptions): WixHttpFunctionResponse;
  export function badRequest(options?: WixHttpFunctionResponseOptions): WixHttpFunctionResponse;
  export function forbidden(options?: WixHttpFunctionResponseOptions): WixHttpFunctionResponse;
  export function notFound(options?: WixHttpFunctionResponseOptions): WixHttpFunctionResponse;
  export function serverError(options?: WixHttpFunctionResponseOptions): WixHttpFunctionResponse;
  export function response(options: WixHttpFunctionResponseOptions & { status: number }): WixHttpFunctionResponse;
}

declare module 'wix-router' {
  export interface WixRouterRequest {
    /** The address as the visitor asked for it. */
    readonly url: string;
    readonly baseUrl: string;
    /** The parts of the path after the prefix. */
    readonly path: string[];
    readonly prefix: string;
    readonly query: Record<string, string>;
    readonly formFactor: 'Desktop' | 'Mobile';
    readonly env: 'backend';
    readonly user: { id: string | null; role: 'Admin' | 'Member' | 'Visitor' };
    readonly ip: string;
    readonly userAgent: string;
    readonly referrer: string;
    readonly protocol: string;
  }
  export interface HeadOptions {
    title?: string;
    description?: string;
    keywords?: string;
    noIndex?: boolean;
    metaTags?: Array<{ name?: string; property?: string; content: string }>;
    links?: Array<{ rel: string; href: string }>;
    structuredData?: object[];
  }
  export class WixRouterResponse {
    status?: number;
    page?: string | string[];
    data?: unknown;
    head?: HeadOptions;
    redirectUrl?: string;
    message?: string;
  }
  export interface WixRouterSitemapRequest {
    readonly baseUrl: string;
    readonly prefix: string;
    readonly formFactor: 'Desktop';
  }
  export class WixRouterSitemapEntry {
    constructor(pageName: string);
    pageName: string;
    url?: string;
    title?: string;
    lastModified?: Date;
    changeFrequency?: 'always' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'never';
    priority?: number;
  }
  export function ok(page: string | string[], routerReturnedData?: unknown, head?: HeadOptions): Promise<WixRouterResponse>;
  export function notFound(message?: string): Promise<WixRouterResponse>;
  export function forbidden(message?: string): Promise<WixRouterResponse>;
  export function redirect(url: string, statusCode?: '301' | '302'): Promise<WixRouterResponse>;
  export function sendStatus(statusCode: string, message?: string): Promise<WixRouterResponse>;
  export function next(): Promise<WixRouterResponse>;
}

declare module 'wix-web-module' {
  export const Permissions: { readonly Anyone: 'Anyone'; readonly SiteMember: 'SiteMember'; readonly Admin: 'Admin' };
  export type Permission = (typeof Permissions)[keyof typeof Permissions];
  export function webMethod<A extends unknown[], R>(permission: Permission, fn: (...args: A) => R, options?: { cache?: { tags: string[]; ttl?: number } }): (...args: A) => Promise<Awaited<R>>;
}

declare module '@wix/web-methods' {
  export * from 'wix-web-module';
}

declare module 'wix-fetch' {
  export interface WixFetchResponse {
    readonly ok: boolean;
    readonly status: number;
    readonly statusText: string;
    readonly url: string;
    readonly headers: { get(name: string): string | null; has(name: string): boolean };
    text(): Promise<string>;
    json(): Promise<any>;
  }
  export function fetch(url: string, options?: { method?: string; headers?: Record<string, string>; body?: string; timeout?: number }): Promise<WixFetchResponse>;
  export function getJSON(url: string, options?: { headers?: Record<string, string>; timeout?: number }): Promise<any>;
}

declare module 'wix-auth' {
  /** A function that calls `fn` with full rights: its data calls ignore collection permissions. */
  export function elevate<F extends (...args: never[]) => unknown>(fn: F): (...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>;
}

declare module '@wix/essentials' {
  export const auth: { elevate: typeof import('wix-auth').elevate };
}

declare module 'wix-secrets-backend' {
  export function getSecret(name: string): Promise<string>;
}

declare module 'wix-secrets-backend.v2' {
  export interface SecretInfo {
    _id: string;
    name: string;
    description: string;
    _createdDate: string;
    _updatedDate: string;
  }
  export const secrets: {
    getSecretValue(name: string): Promise<{ value: string }>;
    createSecret(secret: { name: string; value: string; description?: string }): Promise<{ _id: string }>;
    updateSecret(id: string, secret: { name?: string; value?: string; description?: string }): Promise<void>;
    listSecretInfo(): Promise<{ secrets: SecretInfo[] }>;
    deleteSecret(id: string): Promise<void>;
  };
}

declare module '@wix/secrets' {
  export * from 'wix-secrets-backend.v2';
}

declare module 'wix-members-backend' {
  export interface Member {
    _id: string;
    loginEmail: string;
    loginEmailVerified: boolean;
    status: 'PENDING' | 'APPROVED' | 'BLOCKED';
    contactId: string | null;
    profile: { nickname: string; slug: string; photo?: { url: string } };
    contactDetails: { firstName: string | null; lastName: string | null; customFields: Record<string, { name: string; value: unknown }> };
    roles: string[];
    _createdDate: string;
    _updatedDate: string;
    lastLoginDate: string | null;
  }
  export const currentMember: {
    getMember(): Promise<Member | null>;
    getRoles(): Promise<{ _id: string; title: string; description: string }[]>;
  };
  export const authentication: {
    register(email: string, password: string, options?: { contactInfo?: { firstName?: string; lastName?: string } }): Promise<{ status: 'ACTIVE' | 'PENDING'; sessionToken?: string; approvalToken?: string; member?: Member }>;
    login(email: string, password: string): Promise<string>;
    generateSessionToken(email: string): Promise<string>;
    approveByToken(token: string): Promise<string>;
    sendSetPasswordEmail(email: string): Promise<boolean>;
    changeLoginEmail(memberId: string, email: string): Promise<Member>;
  };
  export interface MemberChanges {
    contactDetails?: { firstName?: string | null; lastName?: string | null; customFields?: Record<string, { value: unknown }> };
    profile?: { nickname?: string; slug?: string; photo?: { url: string } };
  }
  export const members: {
    getMember(id: string, options?: { fieldsets?: ('FULL' | 'PUBLIC')[] }): Promise<Member>;
    updateMember(id: string, member: MemberChanges): Promise<Member>;
    deleteMember(id: string): Promise<void>;
    deleteMemberPhones(id: string): Promise<Member>;
    getCurrentMember(): Promise<{ member: Member | null }>;
  };
  export const authorization: {
    assignRole(roleId: string, memberId: string, options?: { suppressAuth?: boolean }): Promise<void>;
    removeRole(roleId: string, memberId: string, options?: { suppressAuth?: boolean }): Promise<void>;
  };
}

declare module 'wix-users-backend' {
  export const currentUser: {
    /** The member's or admin's id; a random id for visitors; null in jobs and events. */
    readonly id: string | null;
    readonly loggedIn: boolean;
    readonly role: 'Admin' | 'Member' | 'Visitor';
    getEmail(): Promise<string>;
    getRoles(): Promise<{ name: string; description: string }[]>;
  };
  export interface User {
    _id: string;
    loginEmail: string;
    status: 'Active' | 'Pending' | 'Blocked';
    firstName?: string;
    lastName?: string;
    nickname: string;
    slug: string;
    picture?: string;
    emailVerified: boolean;
    creationDate: Date;
    lastUpdateDate: Date;
    lastLoginDate?: Date;
  }
  export const users: { getUser(id: string): Promise<User> };
  export const roles: {
    assignRole(roleId: string, memberId: string, options?: { suppressAuth?: boolean }): Promise<void>;
    removeRole(roleId: string, memberId: string, options?: { suppressAuth?: boolean }): Promise<void>;
  };
}

declare module 'wix-members.v2' {
  import type { Member } from 'wix-members-backend';
  export { authentication, authorization, currentMember, Member } from 'wix-members-backend';
  export interface MemberBody {
    loginEmail?: string;
    contact?: { firstName?: string | null; lastName?: string | null; customFields?: Record<string, { value: unknown }> };
    profile?: { nickname?: string; slug?: string; photo?: { url: string } };
  }
  export const members: {
    /** An approved member with no password until they set one. */
    createMember(options: { member: MemberBody & { loginEmail: string } }): Promise<Member>;
    getMember(id: string, options?: { fieldsets?: ('FULL' | 'PUBLIC')[] }): Promise<Member>;
    updateMember(id: string, member: MemberBody): Promise<Member>;
    deleteMember(id: string): Promise<void>;
    deleteMemberPhones(id: string): Promise<Member>;
    getCurrentMember(): Promise<{ member: Member | null }>;
  };
}

declare module '@wix/members' {
  export * from 'wix-members.v2';
}

declare module 'wix-users' {
  export * from 'wix-users-backend';
}

declare module 'wix-crm-backend' {
  export interface ContactInfo {
    name?: { first?: string; last?: string };
    emails?: { email: string; tag?: string }[];
    phones?: { phone: string; tag?: string }[];
    labelKeys?: string[];
    company?: string;
  }
  export interface Contact {
    _id: string;
    _createdDate: string;
    _updatedDate: string;
    primaryInfo: { email: string | null; phone: string | null };
    info: ContactInfo;
    memberId: string | null;
  }
  export const contacts: {
    createContact(contactInfo: ContactInfo, options?: { allowDuplicates?: boolean }): Promise<Contact>;
    appendOrCreateContact(contactInfo: ContactInfo): Promise<{ contactId: string; identityType: 'CONTACT' | 'MEMBER' }>;
    getContact(contactId: string): Promise<Contact>;
    updateContact(identifiers: { contactId: string }, contactInfo: ContactInfo): Promise<Contact>;
    deleteContact(contactId: string): Promise<void>;
    labelContact(contactId: string, labelKeys: string[]): Promise<Contact>;
  };
  export interface NotificationOptions {
    title?: string;
    actionTitle?: string;
    actionTarget?: { url: string } | { navigateTo: object };
    recipients?: { role?: 'All_Contributors' | 'Owner'; contactIds?: string[]; memberIds?: string[] };
  }
  export const notifications: {
    notify(body: string, channels: ('Dashboard' | 'Mobile' | 'Browser')[], options?: NotificationOptions): Promise<void>;
  };
  /** The legacy contact API. */
  export interface LegacyContactInfo {
    firstName?: string;
    lastName?: string;
    emails?: string[];
    phones?: string[];
    labels?: string[];
    company?: string;
  }
  export function createContact(contactInfo: LegacyContactInfo): Promise<string>;
  export function getContactById(contactId: string): Promise<LegacyContactInfo & { _id: string }>;
  export function updateContact(contactId: string, contactInfo: LegacyContactInfo): Promise<string>;
  export function deleteContact(contactId: string): Promise<void>;
}

declare module '@wix/crm' {
  export * from 'wix-crm-backend';
}

declare module 'wix-media-backend' {
  export interface FileInfo {
    /** wix:image://v1/<id>/<name>#originWidth=…&originHeight=… (or wix:document://…). */
    fileUrl: string;
    fileName: string;
    originalFileName: string;
    mediaType: 'image' | 'vector' | 'video' | 'audio' | 'document' | 'archive';
    mimeType: string;
    isPrivate: boolean;
    sizeInBytes: number;
    hash: string;
    width: number | null;
    height: number | null;
    parentFolderId: string;
    opStatus: 'READY';
  }
  export interface FolderInfo {
    folderId: string;
    folderName: string;
    parentFolderId: string;
  }
  export interface UploadOptions {
    mediaOptions?: { mimeType?: string; mediaType?: string; fileName?: string };
    metadataOptions?: { isPrivate?: boolean; isVisitorUpload?: boolean };
  }
  export const mediaManager: {
    upload(path: string, fileContent: Uint8Array | string, fileName: string, options?: UploadOptions): Promise<FileInfo>;
    importFile(path: string, url: string, options?: UploadOptions): Promise<FileInfo>;
    getFileInfo(fileUrl: string): Promise<FileInfo>;
    getFileUrl(fileUrl: string): Promise<string>;
    getDownloadUrl(fileUrl: string, expirationTime?: number, downloadFileName?: string): Promise<string>;
    listFiles(filters?: { parentFolderId?: string; isPrivate?: boolean }, sorting?: { order?: 'asc' | 'desc'; fieldName?: string }, paging?: { limit?: number; skip?: number }): Promise<FileInfo[]>;
    listFolders(filters?: { parentFolderId?: string }): Promise<FolderInfo[]>;
    createFolder(folderName: string, parentFolderId?: string): Promise<FolderInfo>;
    moveFilesToTrash(fileUrls: string[]): Promise<void>;
    restoreFilesFromTrash(fileUrls: string[]): Promise<void>;
  };
  const mediaBackend: { mediaManager: typeof mediaManager };
  export default mediaBackend;
}

declare module 'wix-ecom-backend' {
  /** Objects in eCommerce's shapes (https://dev.wix.com/docs/velo/apis/wix-ecom-backend), with `_id`. */
  type Ecom = Record<string, any>;
  export const currentCart: {
    getCurrentCart(): Promise<Ecom>;
    addToCurrentCart(options: { lineItems: Ecom[] }): Promise<{ cart: Ecom }>;
    updateCurrentCart(options: Ecom): Promise<Ecom>;
    updateCurrentCartLineItemQuantity(lineItems: { _id: string; quantity: number }[]): Promise<{ cart: Ecom }>;
    removeLineItemsFromCurrentCart(lineItemIds: string[]): Promise<{ cart: Ecom }>;
    removeCouponFromCurrentCart(): Promise<{ cart: Ecom }>;
    estimateCurrentCartTotals(options?: Ecom): Promise<Ecom>;
    createCheckoutFromCurrentCart(options?: Ecom): Promise<{ checkoutId: string }>;
    deleteCurrentCart(): Promise<void>;
  };
  export const cart: {
    createCart(options?: Ecom): Promise<Ecom>;
    getCart(_id: string): Promise<Ecom>;
    updateCart(_id: string, options: Ecom): Promise<Ecom>;
    addToCart(_id: string, options: { lineItems: Ecom[] }): Promise<{ cart: Ecom }>;
    removeLineItems(_id: string, lineItemIds: string[]): Promise<{ cart: Ecom }>;
    updateLineItemsQuantity(_id: string, lineItems: { _id: string; quantity: number }[]): Promise<{ cart: Ecom }>;
    removeCoupon(_id: string): Promise<{ cart: Ecom }>;
    estimateTotals(_id: string, options?: Ecom): Promise<Ecom>;
    createCheckout(_id: string, options?: Ecom): Promise<{ checkoutId: string }>;
    deleteCart(_id: string): Promise<void>;
  };
  export const checkout: {
    createCheckout(options: Ecom): Promise<Ecom>;
    getCheckout(_id: string): Promise<Ecom>;
    updateCheckout(_id: string, checkout: Ecom, options?: Ecom): Promise<Ecom>;
    addToCheckout(_id: string, options: { lineItems: Ecom[] }): Promise<{ checkout: Ecom }>;
    removeLineItems(_id: string, lineItemIds: string[]): Promise<{ checkout: Ecom }>;
    updateLineItemsQuantity(_id: string, lineItems: { _id: string; quantity: number }[]): Promise<{ checkout: Ecom }>;
    removeCoupon(_id: string): Promise<{ checkout: Ecom }>;
    getCheckoutUrl(_id: string): Promise<{ checkoutUrl: string }>;
    createOrder(_id: string, options?: Ecom): Promise<{ orderId: string; subscriptionId?: string; paymentGatewayOrderId?: string }>;
    markCheckoutAsCompleted(_id: string): Promise<void>;
  };
  export const orders: {
    getOrder(_id: string): Promise<Ecom>;
    searchOrders(search?: Ecom): Promise<{ orders: Ecom[]; metadata: Ecom }>;
    updateOrder(_id: string, order: Ecom): Promise<Ecom>;
    cancelOrder(_id: string, options?: { restockAllItems?: boolean }): Promise<{ order: Ecom }>;
    markAsPaid(_id: string): Promise<{ order: Ecom }>;
  };
  export const orderFulfillments: {
    listFulfillmentsForSingleOrder(orderId: string): Promise<{ orderWithFulfillments: Ecom }>;
    createFulfillment(orderId: string, fulfillment: Ecom): Promise<Ecom>;
    deleteFulfillment(identifiers: { fulfillmentId: string; orderId: string }): Promise<Ecom>;
  };
  export const orderTransactions: {
    listTransactionsForSingleOrder(orderId: string): Promise<{ orderTransactions: Ecom }>;
  };
  interface DiscountRulesQuery {
    eq(field: string, value: unknown): DiscountRulesQuery;
    ne(field: string, value: unknown): DiscountRulesQuery;
    in(field: string, values: unknown[]): DiscountRulesQuery;
    gt(field: string, value: unknown): DiscountRulesQuery;
    ge(field: string, value: unknown): DiscountRulesQuery;
    lt(field: string, value: unknown): DiscountRulesQuery;
    le(field: string, value: unknown): DiscountRulesQuery;
    startsWith(field: string, value: string): DiscountRulesQuery;
    ascending(...fields: string[]): DiscountRulesQuery;
    descending(...fields: string[]): DiscountRulesQuery;
    limit(n: number): DiscountRulesQuery;
    find(): Promise<{ items: Ecom[]; length: number; hasNext(): boolean; next(): Promise<any> }>;
  }
  export const discountRules: {
    createDiscountRule(discountRule: Ecom): Promise<Ecom>;
    getDiscountRule(_id: string): Promise<Ecom>;
    updateDiscountRule(_id: string, discountRule: Ecom): Promise<Ecom>;
    deleteDiscountRule(_id: string): Promise<void>;
    queryDiscountRules(): DiscountRulesQuery;
  };
}

declare module '@wix/ecom' {
  export * from 'wix-ecom-backend';
}

declare module 'wix-pay-backend' {
  export interface PaymentInfo {
    /** The sum of the items' price × quantity. */
    amount: number;
    currency?: string;
    items: { name: string; price: number; quantity?: number }[];
    userInfo?: { firstName?: string; lastName?: string; email?: string; phone?: string; countryCode?: string };
  }
  export function createPayment(paymentInfo: PaymentInfo): Promise<PaymentInfo & { id: string; status: string }>;
}

declare module 'wix-payment-provider-backend' {
  /** What a payment-provider plugin reports after createTransaction or refundTransaction. */
  export function submitEvent(event: {
    event:
      | { transaction: { wixTransactionId: string; pluginTransactionId: string; reasonCode?: number; errorCode?: string; errorMessage?: string } }
      | { refund: { wixTransactionId: string; wixRefundId: string; pluginRefundId: string; reasonCode?: number; errorCode?: string; errorMessage?: string } };
  }): Promise<void>;
  export const paymentProvider: { submitEvent: typeof submitEvent };
}

declare module '@wix/payment-provider' {
  export * from 'wix-payment-provider-backend';
}

declare module 'wix-stores-backend' {
  /** A product or collection as Stores/Products and Stores/Collections hold it. */
  type Stored = Record<string, any> & { _id: string };
  export function createProduct(productInfo: Record<string, any>): Promise<Stored>;
  export function updateProductFields(productId: string, productInfo: Record<string, any>): Promise<Stored>;
  export function deleteProduct(productId: string): Promise<void>;
  export function getProductOptionsAvailability(productId: string, choices: Record<string, string>): Promise<Record<string, any>>;
  export function getProductVariants(productId: string, options?: { choices?: Record<string, string>; variantIds?: string[] }): Promise<Record<string, any>[]>;
  export function createCollection(collectionInfo: Record<string, any>): Promise<Stored>;
  export function deleteCollection(collectionId: string): Promise<void>;
  export function addProductsToCollection(collectionId: string, productIds: string[]): Promise<void>;
  export function removeProductsFromCollection(collectionId: string, productIds: string[]): Promise<void>;
  export function updateInventoryVariantFields(productId: string, inventoryInfo: Record<string, any>): Promise<void>;
  export function incrementInventory(items: { productId: string; variantId: string; incrementBy: number }[]): Promise<void>;
  export function decrementInventory(items: { productId: string; variantId: string; decrementBy: number }[]): Promise<void>;
  export function updateVariantData(productId: string, variantInfo: { choices: Record<string, string>; price?: number; weight?: number; sku?: string; visible?: boolean }[]): Promise<Record<string, any>[]>;
  export function updateInventoryVariantFieldsByProductId(productId: string, inventoryInfo: Record<string, any>): Promise<void>;
  export function createFulfillment(orderId: string, fulfillment: { lineItems: ({ index: number } | { id: string }) & { quantity: number }[]; trackingInfo?: Record<string, string> }): Promise<{ id: string; order: Record<string, any> }>;
  /** The current visitor's or member's cart in the older Stores shape; null when they have none. */
  export function getCurrentCart(): Promise<Record<string, any> | null>;
  export const products: {
    getProduct(_id: string): Promise<{ product: Record<string, any> }>;
    createProduct(product: Record<string, any>): Promise<{ product: Record<string, any> }>;
    updateProduct(_id: string, product: Record<string, any>): Promise<{ product: Record<string, any> }>;
    deleteProduct(_id: string): Promise<void>;
  };
  export const inventory: {
    incrementInventory(incrementData: { productId: string; variantId?: string; incrementBy: number }[]): Promise<void>;
    decrementInventory(decrementData: { productId: string; variantId?: string; decrementBy: number }[]): Promise<void>;
    getInventoryVariants(inventoryId: string): Promise<{ inventoryItem: Record<string, any> }>;
  };
}

declare module '@wix/stores' {
  export * from 'wix-stores-backend';
}

declare module 'wix-pricing-plans-backend' {
  export type Duration = { count: number; unit: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR' };
  export interface Plan {
    _id: string;
    name: string;
    description?: string;
    perks?: { values: string[] };
    pricing: {
      subscription?: { cycleDuration: Duration; cycleCount?: number };
      singlePaymentForDuration?: Duration;
      singlePaymentUnlimited?: boolean;
      price: { value: string; currency?: string };
      freeTrialDays?: number;
      setupFee?: { value: string };
    };
    public?: boolean;
    archived?: boolean;
    primary?: boolean;
    hasOrders?: boolean;
    slug?: string;
    maxPurchasesPerBuyer?: number;
    buyerCanCancel?: boolean;
    /** The member role the plan's ACTIVE orders give (Tessera's). */
    roleId?: string;
    benefits?: { bookingSessions?: { count: number; serviceIds: string[] } };
    _createdDate?: Date;
    _updatedDate?: Date;
  }
  export type OrderStatus = 'DRAFT' | 'PENDING' | 'ACTIVE' | 'PAUSED' | 'ENDED' | 'CANCELED';
  export interface Order {
    _id: string;
    planId: string;
    buyer: { memberId: string; contactId: string };
    type: 'ONLINE' | 'OFFLINE';
    status: OrderStatus;
    lastPaymentStatus: 'PAID' | 'REFUNDED' | 'FAILED' | 'UNPAID' | 'PENDING' | 'NOT_APPLICABLE';
    autoRenewCanceled: boolean;
    cancellation?: { requestedDate: string; cause: string; effectiveAt: 'IMMEDIATELY' | 'NEXT_PAYMENT_DATE' };
    startDate?: string;
    endDate?: string;
    currentCycle?: { index: number; startedDate: string; endedDate?: string };
    freeTrialDays: number;
    pausePeriods: { status: 'ACTIVE' | 'ENDED'; pauseDate: string; resumeDate?: string }[];
    planName: string;
    planPrice: string;
    wixPayOrderId?: string;
  }
  type Paging = { limit?: number; offset?: number };
  export const plans: {
    createPlan(plan: Omit<Plan, '_id'>): Promise<Plan>;
    updatePlan(plan: Partial<Plan> & { _id: string }): Promise<Plan>;
    getPlan(_id: string): Promise<Plan>;
    archivePlan(_id: string): Promise<Plan>;
    setPlanVisibility(_id: string, visible: boolean): Promise<Plan>;
    listPlans(planIds?: string[], options?: Paging & { archived?: boolean; public?: boolean }): Promise<Plan[]>;
    listPublicPlans(planIds?: string[], options?: Paging): Promise<Plan[]>;
    queryPublicPlans(query?: { filter?: object; sort?: object[]; paging?: Paging }): Promise<Plan[]>;
  };
  export const orders: {
    listOrders(options?: Paging & { planIds?: string[]; buyerIds?: string[]; orderStatuses?: OrderStatus[] }): Promise<Order[]>;
    getOrder(_id: string): Promise<Order>;
    listCurrentMemberOrders(options?: Paging & { planIds?: string[]; orderStatuses?: OrderStatus[] }): Promise<Order[]>;
    cancelOrder(_id: string, effectiveAt: 'IMMEDIATELY' | 'NEXT_PAYMENT_DATE'): Promise<void>;
    requestCurrentMemberOrderCancellation(_id: string, effectiveAt: 'IMMEDIATELY' | 'NEXT_PAYMENT_DATE'): Promise<void>;
    pauseOrder(_id: string): Promise<void>;
    resumeOrder(_id: string): Promise<void>;
    markAsPaid(_id: string): Promise<void>;
  };
  export const checkout: {
    createOfflineOrder(planId: string, memberId: string, options?: { startDate?: string; paid?: boolean }): Promise<Order>;
  };
}

declare module '@wix/pricing-plans' {
  export * from 'wix-pricing-plans-backend';
}

declare module 'wix-pricing-plans-frontend' {
  export const orders: {
    listCurrentMemberOrders(options?: { limit?: number; offset?: number }): Promise<import('wix-pricing-plans-backend').Order[]>;
  };
  export const checkout: {
    /** A store checkout of the plan for the signed-in member; send the buyer to `checkoutUrl`. */
    startOnlinePurchase(planId: string): Promise<{ checkoutId: string; checkoutUrl: string }>;
  };
}

declare module 'wix-bookings.v2' {
  export interface Slot {
    serviceId: string;
    startDate?: string;
    endDate?: string;
    eventId?: string;
    timezone?: string;
    resource?: { id: string; name?: string };
  }
  export interface Booking {
    _id: string;
    bookedEntity: { title: string; slot?: Slot; schedule?: { serviceId: string }; tags: string[] };
    contactDetails: { contactId?: string; firstName?: string; lastName?: string; email: string; phone?: string };
    status: 'CREATED' | 'PENDING' | 'CONFIRMED' | 'CANCELED' | 'DECLINED' | 'WAITING_LIST';
    paymentStatus: 'NOT_PAID' | 'PAID' | 'PARTIALLY_PAID' | 'REFUNDED' | 'EXEMPT';
    selectedPaymentOption: 'ONLINE' | 'OFFLINE';
    startDate: string;
    endDate: string;
    totalParticipants: number;
    revision: string;
    _createdDate: Date;
    _updatedDate: Date;
  }
  export interface QueryResult<T> {
    items: T[];
    totalCount: number;
    hasNext(): boolean;
  }
  export interface QueryBuilder<T> {
    eq(field: string, value: unknown): QueryBuilder<T>;
    ne(field: string, value: unknown): QueryBuilder<T>;
    in(field: string, values: unknown[]): QueryBuilder<T>;
    hasSome(field: string, values: unknown[]): QueryBuilder<T>;
    gt(field: string, value: unknown): QueryBuilder<T>;
    ge(field: string, value: unknown): QueryBuilder<T>;
    lt(field: string, value: unknown): QueryBuilder<T>;
    le(field: string, value: unknown): QueryBuilder<T>;
    startsWith(field: string, value: string): QueryBuilder<T>;
    ascending(...fields: string[]): QueryBuilder<T>;
    descending(...fields: string[]): QueryBuilder<T>;
    limit(n: number): QueryBuilder<T>;
    skip(n: number): QueryBuilder<T>;
    find(): Promise<QueryResult<T>>;
  }
  export const services: {
    createService(service: object): Promise<any>;
    getService(serviceId: string): Promise<any>;
    updateService(_id: string, service: object & { revision: string }): Promise<any>;
    deleteService(serviceId: string): Promise<void>;
    queryServices(): QueryBuilder<any>;
  };
  export const staffMembers: {
    createStaffMember(staffMember: object): Promise<any>;
    getStaffMember(id: string): Promise<any>;
    updateStaffMember(_id: string, staffMember: object & { revision: string }): Promise<any>;
    deleteStaffMember(id: string): Promise<void>;
    queryStaffMembers(): QueryBuilder<any>;
  };
  export const availabilityCalendar: {
    /** `startDate`/`endDate`: ISO 8601, a Date, or a local date (`2026-12-08`) in `timezone`. */
    queryAvailability(
      query: { filter: { serviceId: string[]; startDate: string | Date; endDate: string | Date; resourceId?: string[]; bookable?: boolean; openSpots?: number }; timezone?: string },
      options?: { timezone?: string; slotsPerDay?: number },
    ): Promise<{ availabilityEntries: Array<{ slot: Slot & { sessionId?: string }; bookable: boolean; totalSpots: number; openSpots: number; bookingPolicyViolations: Record<string, boolean> }> }>;
  };
  export const availabilityTimeSlots: {
    listAvailabilityTimeSlots(options: { serviceId: string; fromLocalDate: string; toLocalDate: string; timeZone?: string; bookable?: boolean }): Promise<{ timeSlots: any[]; timeZone: string }>;
  };
  export const bookings: {
    createBooking(booking: object, options?: { flowControlSettings?: { skipAvailabilityValidation?: boolean } }): Promise<{ booking: Booking }>;
    getBooking(bookingId: string): Promise<Booking>;
    confirmBooking(bookingId: string, revision: string, options?: { paymentStatus?: string }): Promise<{ booking: Booking }>;
    declineBooking(bookingId: string, revision: string, options?: object): Promise<{ booking: Booking }>;
    cancelBooking(bookingId: string, options: { revision: string }): Promise<{ booking: Booking }>;
    rescheduleBooking(bookingId: string, slot: Slot, options: { revision: string }): Promise<{ booking: Booking }>;
  };
  export const extendedBookings: {
    queryExtendedBookings(query?: { filter?: object; paging?: { limit?: number; offset?: number } }): Promise<{ extendedBookings: Array<{ booking: Booking; allowedActions: { cancel: boolean; reschedule: boolean } }>; pagingMetadata: object }>;
  };
}

declare module '@wix/bookings' {
  export * from 'wix-bookings.v2';
}

declare module 'wix-bookings-backend' {
  export const bookings: {
    /** Filters: `_id`, `status`, `startTime`, `endTime`, `bookedEntity.serviceId`, `formInfo.contactDetails.email`. */
    queryBookings(): import('wix-bookings.v2').QueryBuilder<any>;
    confirmBooking(bookingId: string, options?: object): Promise<any>;
    declineBooking(bookingId: string, options?: object): Promise<any>;
    cancelBooking(bookingId: string, options?: object): Promise<any>;
    setBookingAsPaid(bookingId: string): Promise<any>;
  };
}

declare module 'wix-bookings-frontend' {
  export function getServiceAvailability(serviceId: string, options?: { startDateTime?: Date; endDateTime?: Date }): Promise<{ slots: any[] }>;
  export function checkoutBooking(
    bookingInfo: { slot: object; formFields: Array<{ _id: string; value: string }>; numberOfSpots?: number },
    options?: { paymentType?: 'wixPay_Online' | 'wixPay_Offline' },
  ): Promise<{ bookingId: string; status: string; checkoutId?: string; checkoutUrl?: string }>;
}

declare module 'wix-captcha-backend' {
  /** Resolves {success: true}; rejects with the HTTP status as the error's code (400, 500, 503). */
  export function authorize(token: string): Promise<{ success: true }>;
  export const captcha: { authorize(token: string): Promise<{ success: true }> };
}

declare module '@wix/captcha' {
  export * from 'wix-captcha-backend';
}

declare module 'wix-realtime-backend' {
  export interface Channel {
    name: string;
    resourceId?: string;
  }
  export interface Subscriber {
    id: string;
    type: 'Admin' | 'Member' | 'Visitor';
  }
  export function publish(channel: Channel, payload: unknown, options?: { users?: string[] }): Promise<void>;
  export const permissionsRouter: {
    default(fn: (channel: Channel, subscriber: Subscriber) => { read: boolean } | Promise<{ read: boolean }>): void;
    add(channel: Channel, fn: (channel: Channel, subscriber: Subscriber) => { read: boolean } | Promise<{ read: boolean }>): void;
    check(channel: Channel, subscriber: Subscriber): Promise<{ read: boolean }>;
  };
}

declare module 'wix-search' {
  export interface SearchDocument {
    _id: string;
    documentType: string;
    title: string;
    description: string;
    url: string;
    image: string | null;
    /** The text around the matches, as HTML with `<mark>`s. */
    snippet: string;
    score: number;
  }
  export interface WixSearchResult {
    documents: SearchDocument[];
    facets: { facet: 'documentType'; values: { value: string; count: number }[] }[];
    totalCount: number;
    length: number;
    pageSize: number;
    currentPage: number;
    totalPages: number;
    hasNext(): boolean;
    hasPrev(): boolean;
    next(): Promise<WixSearchResult>;
    prev(): Promise<WixSearchResult>;
  }
  export interface WixSearchBuilder {
    query(phrase: string): WixSearchBuilder;
    /** `Site/Pages`, `Stores/Products`, `Bookings/Services`, or a searched collection's id. */
    documentType(type: string): WixSearchBuilder;
    limit(n: number): WixSearchBuilder;
    skip(n: number): WixSearchBuilder;
    language(language: string): WixSearchBuilder;
    find(): Promise<WixSearchResult>;
  }
  export function search(phrase?: string): WixSearchBuilder;
  const wixSearch: { search: typeof search };
  export default wixSearch;
}
