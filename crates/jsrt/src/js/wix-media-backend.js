// wix-media-backend: the site's media library from site code (mediaManager), as the site's
// admin. Files are named by their wix:image://… (or wix:document://…) address, as Velo does.
import { call } from 'tessera:host';

function contentBase64(fileContent) {
  if (typeof fileContent === 'string') return Buffer.from(fileContent, 'utf8').toString('base64');
  if (fileContent instanceof Uint8Array) return Buffer.from(fileContent).toString('base64');
  if (fileContent instanceof ArrayBuffer) return Buffer.from(new Uint8Array(fileContent)).toString('base64');
  throw new TypeError('upload: fileContent must be a Buffer, a Uint8Array or a string');
}

export const mediaManager = {
  /** Uploads `fileContent` as `fileName` into the folder at `path` (made as needed). */
  upload: async (path, fileContent, fileName, options = {}) =>
    call('media', { action: 'upload', path, fileName, options: options ?? {}, base64: contentBase64(fileContent) }),
  /** Reads the file at `url` into the folder at `path`, by the site's outbound rules. */
  importFile: async (path, url, options = {}) =>
    call('media', {
      action: 'import',
      path,
      url,
      fileName: options?.mediaOptions?.fileName ?? String(url).split(/[?#]/)[0].split('/').pop(),
      options: options ?? {},
    }),
  getFileInfo: async (fileUrl) => call('media', { action: 'getFileInfo', fileUrl }),
  /** The file's public address (private files have none). */
  getFileUrl: async (fileUrl) => call('media', { action: 'getFileUrl', fileUrl }),
  /** A signed address that downloads the file (private ones too) for `expirationTime` minutes. */
  getDownloadUrl: async (fileUrl, expirationTime, downloadFileName) =>
    call('media', { action: 'getDownloadUrl', fileUrl, expirationTime, downloadFileName }),
  listFiles: async (filters = {}, sorting = {}, paging = {}) =>
    call('media', { action: 'listFiles', filters: filters ?? {}, sorting: sorting ?? {}, paging: paging ?? {} }),
  listFolders: async (filters = {}) => call('media', { action: 'listFolders', filters: filters ?? {} }),
  createFolder: async (folderName, parentFolderId) =>
    call('media', { action: 'createFolder', folderName, parentFolderId }),
  moveFilesToTrash: async (fileUrls) => {
    await call('media', { action: 'moveFilesToTrash', fileUrls });
  },
  restoreFilesFromTrash: async (fileUrls) => {
    await call('media', { action: 'restoreFilesFromTrash', fileUrls });
  },
};

export default { mediaManager };
