// The Media section: the site's library at /sites/<slug>/media (a folder as `?folder=<id>`)
// and its trash at /sites/<slug>/media/trash.

import { Navigate, useNavigate, useParams } from "react-router";
import type { SectionPlace } from "../sections";
import { Tab, TabList, TabPanel, Tabs } from "../ui/tabs";
import { Library } from "./library";
import { folderTrail } from "./media";
import { useFolders } from "./queries";
import { Trash } from "./trash";
import { useUploads } from "./upload";
import "./media.css";

/** The breadcrumb's item in Media: the trash, or the open folder. */
export function mediaCrumb({ slug, rest, search }: SectionPlace) {
  if (rest === "trash") return "Trash";
  const folder = search.get("folder");
  return rest === "" && folder ? <FolderName slug={slug} id={folder} /> : null;
}

function FolderName({ slug, id }: { slug: string; id: string }) {
  const folders = useFolders(slug);
  return <>{folderTrail(folders.data ?? [], id).at(-1)?.displayName ?? "Folder"}</>;
}

export function MediaSection() {
  const { slug = "", "*": rest = "" } = useParams();
  const navigate = useNavigate();
  // Here rather than in the library: the uploads' progress stays while the trash is shown.
  const uploads = useUploads(slug);
  if (rest !== "" && rest !== "trash") return <Navigate to={`/sites/${slug}/media`} replace />;
  const tab = rest === "trash" ? "trash" : "library";
  return (
    <div className="media-page">
      <h1>Media</h1>
      <Tabs value={tab} onValueChange={(t) => navigate(`/sites/${slug}/media${t === "trash" ? "/trash" : ""}`)}>
        <TabList aria-label="Media">
          <Tab value="library">Library</Tab>
          <Tab value="trash">Trash</Tab>
        </TabList>
        <TabPanel value="library">{tab === "library" && <Library slug={slug} uploads={uploads} />}</TabPanel>
        <TabPanel value="trash">{tab === "trash" && <Trash slug={slug} />}</TabPanel>
      </Tabs>
    </div>
  );
}
