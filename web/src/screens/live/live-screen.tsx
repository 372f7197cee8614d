export function LiveScreen() {
  return <p>TODO</p>;
}
