export function CasesScreen() {
  return <p>TODO</p>;
}
