import { hydrateRoot } from 'react-dom/client';
import { QUESTION_ISLAND_ID, QUESTION_PROPS_ID, QuestionPage, type QuestionPageProps } from './QuestionPage.tsx';

// The server wrote the page's markup without React; the island takes it over where it stands, so
// nothing typed before the script arrived is replaced.
const container = document.getElementById(QUESTION_ISLAND_ID);
const props = document.getElementById(QUESTION_PROPS_ID)?.textContent;
if (container && props) hydrateRoot(container, <QuestionPage {...(JSON.parse(props) as QuestionPageProps)} />);
