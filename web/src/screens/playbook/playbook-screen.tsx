export function PlaybookScreen() {
  return <p>TODO</p>;
}
