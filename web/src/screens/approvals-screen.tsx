export function ApprovalsScreen() {
  return <p>TODO</p>;
}
