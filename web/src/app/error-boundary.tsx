import { Alert, Button } from 'antd';
import { Component, type ReactNode } from 'react';

interface Props {
  /** change it to reset the boundary (the route's path) */
  resetKey: string;
  title: (message: string) => string;
  retryLabel: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: string;
}

/** A screen that throws while rendering shows its error in place; the rest of the app keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert
        type="error"
        showIcon
        title={this.props.title(this.state.error.message)}
        action={
          <Button size="small" onClick={() => this.setState({ error: null })}>
            {this.props.retryLabel}
          </Button>
        }
      />
    );
  }
}
