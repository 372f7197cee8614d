import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/root';
import './app.css';

const el = document.getElementById('root');
if (el)
  createRoot(el).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
