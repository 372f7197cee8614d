export function QaScreen() {
  return <p>TODO</p>;
}
