/** "Import CSV": a button-looking label over a hidden file input; each chosen file goes to
 * `onFile` (and the input is cleared, so the same file can be chosen again). */
export function CsvImportButton({ onFile }: { onFile: (file: File) => void }) {
  return (
    <label className="button-link">
      Import CSV
      <input
        type="file"
        accept=".csv,text/csv"
        className="sr-only"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = "";
        }}
      />
    </label>
  );
}
