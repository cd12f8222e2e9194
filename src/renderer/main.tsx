import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { chooseApi } from './api/choose-api.ts';
import { i18n } from './i18n/i18n.ts';
import { App } from './shell/App.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/views.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App api={chooseApi()} />
    </I18nextProvider>
  </StrictMode>,
);
