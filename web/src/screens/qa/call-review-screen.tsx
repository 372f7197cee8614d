export function CallReviewScreen() {
  return <p>TODO</p>;
}
