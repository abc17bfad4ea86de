export function getConfig() {
  return {};
}
