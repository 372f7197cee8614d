export function PracticeScreen() {
  return <p>TODO</p>;
}
