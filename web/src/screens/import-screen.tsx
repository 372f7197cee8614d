export function ImportScreen() {
  return <p>TODO</p>;
}
