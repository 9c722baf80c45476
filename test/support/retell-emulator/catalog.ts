import type { VoiceResponse } from 'retell-sdk/resources/voice';

/** A fixed slice of Retell's voice library, enough for agents created in tests and examples. */
export const VOICES: readonly VoiceResponse[] = [
	{ voice_id: '11labs-Jenny', voice_name: 'Jenny', provider: 'elevenlabs', gender: 'female', accent: 'American', age: 'Young' },
	{ voice_id: '11labs-Adrian', voice_name: 'Adrian', provider: 'elevenlabs', gender: 'male', accent: 'American', age: 'Young' },
	{ voice_id: '11labs-Myra', voice_name: 'Myra', provider: 'elevenlabs', gender: 'female', accent: 'American', age: 'Young' },
	{ voice_id: '11labs-Brian', voice_name: 'Brian', provider: 'elevenlabs', gender: 'male', accent: 'American', age: 'Middle Aged' },
	{ voice_id: '11labs-Dorothy', voice_name: 'Dorothy', provider: 'elevenlabs', gender: 'female', accent: 'British', age: 'Young' },
	{ voice_id: 'openai-Alloy', voice_name: 'Alloy', provider: 'openai', gender: 'female', accent: 'American', age: 'Young' },
	{ voice_id: 'openai-Echo', voice_name: 'Echo', provider: 'openai', gender: 'male', accent: 'American', age: 'Young' },
	{ voice_id: 'cartesia-Cleo', voice_name: 'Cleo', provider: 'cartesia', gender: 'female', accent: 'American', age: 'Young' },
	{ voice_id: 'retell-Cimo', voice_name: 'Cimo', provider: 'platform', gender: 'male', accent: 'American', age: 'Young' },
	{ voice_id: 'retell-Marissa', voice_name: 'Marissa', provider: 'platform', gender: 'female', accent: 'American', age: 'Young' },
];
