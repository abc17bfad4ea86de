// The official @wix/media against Tessera's media library: a folder, an upload through the
// URL the SDK asks for, the file's descriptor, listing and searching, a download URL, and the
// trash.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { forEachBackend } from '../lib/tessera.mjs';

/** A small PNG (8×8, one colour), made here. */
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.concat(Array.from({ length: 8 }, () => Buffer.from([0, ...Array(8).fill([200, 60, 40]).flat()])));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

forEachBackend('media', (server) => {
  test('a folder, an upload, its descriptor, a listing, a download URL and the trash through the SDK', async () => {
    const { client, baseUrl } = server;
    const { folder } = await client.folders.createFolder('Products');
    assert.equal(folder.displayName, 'Products');
    const listed = await client.folders.listFolders();
    assert.ok(listed.folders.some((f) => f._id === folder._id), JSON.stringify(listed));

    const { uploadUrl } = await client.files.generateFileUploadUrl('image/png', { fileName: 'red.png', parentFolderId: folder._id });
    const u = new URL(uploadUrl);
    const put = await fetch(baseUrl + u.pathname + u.search, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png() });
    assert.equal(put.status, 200, await put.clone().text());
    const { file: uploaded } = await put.json();

    const descriptor = await client.files.getFileDescriptor(uploaded.id);
    assert.equal(descriptor._id, uploaded.id);
    assert.equal(descriptor.displayName, 'red.png');
    assert.equal(descriptor.mediaType, 'IMAGE');
    assert.equal(descriptor.parentFolderId, folder._id);
    // The SDK hands images over as Wix's image addresses, with the size it was told.
    assert.match(descriptor.media.image.image, /^wix:image:\/\/v1\/.+\/red\.png#originWidth=8&originHeight=8$/);

    const inFolder = await client.files.listFiles({ parentFolderId: folder._id });
    assert.deepEqual(inFolder.files.map((f) => f._id), [uploaded.id]);
    const searched = await client.files.searchFiles({ search: 'red' });
    assert.ok(searched.files.some((f) => f._id === uploaded.id), JSON.stringify(searched));

    const { downloadUrls } = await client.files.generateFileDownloadUrl(uploaded.id);
    const download = await fetch(baseUrl + new URL(downloadUrls[0].url).pathname + new URL(downloadUrls[0].url).search);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), png());

    await client.files.bulkDeleteFiles([uploaded.id]);
    const trashed = await client.files.listDeletedFiles();
    assert.deepEqual(trashed.files.map((f) => f._id), [uploaded.id]);
    await client.files.bulkRestoreFilesFromTrashBin([uploaded.id]);
    const back = await client.files.listFiles({ parentFolderId: folder._id });
    assert.deepEqual(back.files.map((f) => f._id), [uploaded.id]);
  });
});
