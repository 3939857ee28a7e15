import { useEffect, useState } from 'react';
import { speech } from '../services/speech';

/** Whether 听 can be offered here, following the browser as its voices load. */
export function useSpeechAvailable(): boolean {
  const [available, setAvailable] = useState(speech.available);
  useEffect(() => speech.onChange(() => setAvailable(speech.available())), []);
  return available;
}
