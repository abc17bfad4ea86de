// The trash tab: what was deleted from the library, to restore where it was or to delete for good.

import { Folder as FolderIcon, RotateCcw } from "lucide-react";
import { useState } from "react";
import { ConfirmButton } from "../ui/confirm";
import { FileThumb } from "./browse";
import { formatBytes } from "./media";
import { useDelete, useRestore, useTrash } from "./queries";

export function Trash({ slug }: { slug: string }) {
  const trash = useTrash(slug);
  const restore = useRestore(slug);
  const remove = useDelete(slug);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const fail = (e: Error) => setNotice({ text: e.message, error: true });
  // What is inside a deleted folder went with it, and comes back with it: only the folder shows.
  const trashedFolders = new Set((trash.data?.folders ?? []).map((f) => f.id));
  const files = (trash.data?.files ?? []).filter((f) => !trashedFolders.has(f.parentFolderId));
  const folders = (trash.data?.folders ?? []).filter((f) => !trashedFolders.has(f.parentFolderId));
  const empty = trash.isSuccess && files.length === 0 && folders.length === 0;
  return (
    <section className="card" aria-labelledby="trash-title">
      <div className="page-head">
        <h2 id="trash-title">Trash</h2>
        {!empty && trash.isSuccess && (
          <ConfirmButton
            label="Empty the trash"
            className="secondary danger"
            title="Delete everything in the trash for good?"
            description={`${files.length === 1 ? "1 file" : `${files.length} files`} and ${folders.length === 1 ? "1 folder" : `${folders.length} folders`} will be gone, and pages that show them will show nothing.`}
            confirm="Delete for good"
            onConfirm={() =>
              remove.mutate(
                { fileIds: files.map((f) => f.id), folderIds: folders.map((f) => f.id), permanent: true },
                { onSuccess: () => setNotice({ text: "The trash is empty." }), onError: fail },
              )
            }
          />
        )}
      </div>
      {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
      {trash.isPending && <p className="loading">Loading…</p>}
      {trash.isError && <p role="alert" className="error">{trash.error.message}</p>}
      {empty && <p className="muted">The trash is empty. Deleted files wait here until you delete them for good.</p>}
      {!empty && trash.isSuccess && (
        <table aria-label="Deleted files and folders" className="trash-table">
          <thead>
            <tr>
              <th scope="col"><span className="sr-only">Preview</span></th>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Deleted</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {folders.map((f) => (
              <tr key={`folder-${f.id}`}>
                <td><span className="trash-thumb media-icon"><FolderIcon size={22} strokeWidth={1.5} aria-hidden="true" /></span></td>
                <td>{f.displayName} <span className="badge">folder</span></td>
                <td />
                <td />
                <td>
                  <div className="actions">
                    <button type="button" className="quiet" onClick={() => restore.mutate({ folderIds: [f.id] }, { onSuccess: () => setNotice({ text: `Restored the folder “${f.displayName}”.` }), onError: fail })}>
                      <RotateCcw size={14} aria-hidden="true" /> Restore <span className="sr-only">{f.displayName}</span>
                    </button>
                    <ConfirmButton
                      label={<>Delete for good <span className="sr-only">{f.displayName}</span></>}
                      className="quiet danger"
                      title={`Delete the folder ${f.displayName} for good?`}
                      description="It and everything in it will be gone."
                      confirm="Delete for good"
                      onConfirm={() => remove.mutate({ folderIds: [f.id], permanent: true }, { onSuccess: () => setNotice({ text: `Deleted “${f.displayName}” for good.` }), onError: fail })}
                    />
                  </div>
                </td>
              </tr>
            ))}
            {files.map((f) => (
              <tr key={f.id}>
                <td><span className="trash-thumb"><FileThumb file={f} px={40} /></span></td>
                <td>{f.displayName}</td>
                <td>{formatBytes(f.sizeInBytes)}</td>
                <td>{new Date(f.updatedDate).toLocaleString()}</td>
                <td>
                  <div className="actions">
                    <button type="button" className="quiet" onClick={() => restore.mutate({ fileIds: [f.id] }, { onSuccess: () => setNotice({ text: `Restored “${f.displayName}”.` }), onError: fail })}>
                      <RotateCcw size={14} aria-hidden="true" /> Restore <span className="sr-only">{f.displayName}</span>
                    </button>
                    <ConfirmButton
                      label={<>Delete for good <span className="sr-only">{f.displayName}</span></>}
                      className="quiet danger"
                      title={`Delete ${f.displayName} for good?`}
                      description="Pages that show it will show nothing in its place."
                      confirm="Delete for good"
                      onConfirm={() => remove.mutate({ fileIds: [f.id], permanent: true }, { onSuccess: () => setNotice({ text: `Deleted “${f.displayName}” for good.` }), onError: fail })}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
