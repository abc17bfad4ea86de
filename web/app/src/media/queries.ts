// The library's data in TanStack Query: files by folder or search (a page at a time), the
// folder tree, the trash, and the changes, each refreshing what it touched.

import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FileDescriptor, type FilesPage, filesPage, type FileUsage, type Folder, MEDIA_ROOT, media, type MediaType, nextCursor, type Sort } from "./media";

export function useFiles(slug: string, params: { folder: string; search: string; sort: Sort; mediaTypes?: MediaType[] }) {
  return useInfiniteQuery({
    queryKey: ["media-files", slug, params],
    queryFn: ({ pageParam }) => filesPage(slug, { ...params, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: FilesPage) => nextCursor(last),
  });
}

/** The folders a listing answer holds, and the cursor of the next page. */
interface FoldersPage {
  folders: Folder[];
  nextCursor?: { cursors?: { next?: string | null } };
}

/** Every folder a listing reaches from `root`, level by level (a library has few). */
async function allFolders(slug: string, root: string): Promise<Folder[]> {
  const found: Folder[] = [];
  let level = [root];
  while (level.length > 0 && found.length < 1000) {
    const children = await Promise.all(level.map((parent) => foldersIn(slug, parent)));
    level = children.flat().map((f) => f.id);
    found.push(...children.flat());
  }
  return found;
}

async function foldersIn(slug: string, parent: string): Promise<Folder[]> {
  const out: Folder[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ parentFolderId: parent });
    if (cursor) query.set("paging.cursor", cursor);
    const page = await media<FoldersPage>(slug, "GET", `folders?${query}`);
    out.push(...page.folders);
    cursor = page.nextCursor?.cursors?.next || undefined;
  } while (cursor && out.length < 1000);
  return out;
}

/** Every folder of the library, each with its parent: the tree, the trail and "move to" lists. */
export function useFolders(slug: string) {
  return useQuery({ queryKey: ["media-folders", slug], queryFn: () => allFolders(slug, MEDIA_ROOT) });
}

export function useTrash(slug: string) {
  return useQuery({
    queryKey: ["media-trash", slug],
    queryFn: async () => {
      const [files, folders] = await Promise.all([
        media<{ files: FileDescriptor[] }>(slug, "GET", "trash-bin/files?paging.limit=100"),
        media<{ folders: Folder[] }>(slug, "GET", "trash-bin/folders"),
      ]);
      return { files: files.files, folders: folders.folders };
    },
  });
}

/** Where a file is used: read by the server on demand, so asked only for the file shown. */
export function usageQuery(slug: string, fileId: string) {
  return {
    queryKey: ["media-usage", slug, fileId],
    queryFn: () => media<FileUsage>(slug, "GET", `files/${encodeURIComponent(fileId)}/usage`),
    staleTime: 10_000,
  };
}

export function useUsage(slug: string, fileId: string) {
  return useQuery(usageQuery(slug, fileId));
}

/** Everything the library shows may have changed. */
export function refreshMedia(client: QueryClient, slug: string) {
  return Promise.all(
    ["media-files", "media-folders", "media-trash"].map((key) => client.invalidateQueries({ queryKey: [key, slug] })),
  );
}

type FileChange = { id: string; displayName?: string; parentFolderId?: string; altText?: string };

/** Renames, moves or sets the alt text of a file. */
export function useUpdateFile(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, displayName, parentFolderId, altText }: FileChange) =>
      media<{ file: FileDescriptor }>(slug, "PATCH", "files/update-file-descriptor", {
        file: {
          id,
          ...(displayName !== undefined ? { displayName } : {}),
          ...(parentFolderId !== undefined ? { parentFolderId } : {}),
          ...(altText !== undefined ? { media: { image: { image: { altText } } } } : {}),
        },
      }),
    onSuccess: () => refreshMedia(client, slug),
  });
}

export function useCreateFolder(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ displayName, parentFolderId }: { displayName: string; parentFolderId: string }) =>
      media<{ folder: Folder }>(slug, "POST", "folders", { displayName, parentFolderId }),
    onSuccess: () => refreshMedia(client, slug),
  });
}

export function useUpdateFolder(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...folder }: { id: string; displayName?: string; parentFolderId?: string }) =>
      media<{ folder: Folder }>(slug, "PATCH", `folders/${encodeURIComponent(id)}`, { folder }),
    onSuccess: () => refreshMedia(client, slug),
  });
}

/** A bulk call takes at most 100 ids. */
function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += 100) out.push(ids.slice(i, i + 100));
  return out;
}

/** Files and folders to the trash, or (`permanent`) gone for good. */
export function useDelete(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ fileIds = [], folderIds = [], permanent = false }: { fileIds?: string[]; folderIds?: string[]; permanent?: boolean }) => {
      for (const ids of chunks(fileIds)) await media(slug, "POST", "bulk/files/delete", { fileIds: ids, permanent });
      for (const ids of chunks(folderIds)) await media(slug, "POST", "bulk/folders/delete", { folderIds: ids, permanent });
    },
    onSettled: () => refreshMedia(client, slug),
  });
}

/** Files and folders back from the trash, where they were. */
export function useRestore(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ fileIds = [], folderIds = [] }: { fileIds?: string[]; folderIds?: string[] }) => {
      if (folderIds.length > 0) await media(slug, "POST", "bulk/trash-bin/folders/restore", { folderIds });
      if (fileIds.length > 0) await media(slug, "POST", "bulk/trash-bin/files/restore", { fileIds });
    },
    onSettled: () => refreshMedia(client, slug),
  });
}
