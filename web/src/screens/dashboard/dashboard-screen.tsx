export function DashboardScreen() {
  return <p>TODO</p>;
}
