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

/** A voice of a provider's community library, as search-community-voice finds it and add-community-voice adds it. */
export interface CommunityVoice {
	provider: 'elevenlabs' | 'cartesia' | 'minimax' | 'fish_audio' | 'inworld';
	provider_voice_id: string;
	name: string;
	description: string;
	/** ElevenLabs only: its voices are addressed by owner and voice id (SDK 5.66.1 `VoiceAddResourceParams.public_user_id`). */
	public_user_id?: string;
	/** What the voice becomes in the account: VoiceResponse requires a gender; accent and age are optional. */
	gender: 'male' | 'female';
	accent?: string;
	age?: string;
}

/** A fixed slice of the providers' community libraries, so a search finds something and an add has a voice to add. */
export const COMMUNITY_VOICES: readonly CommunityVoice[] = [
	{ provider: 'elevenlabs', provider_voice_id: 'pNInz6obpgDQGcFmaJgB', name: 'Adam Stone', description: 'Deep, calm American narrator for late-night radio.', public_user_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', gender: 'male', accent: 'American', age: 'Middle Aged' },
	{ provider: 'elevenlabs', provider_voice_id: 'XB0fDUnXU5powFXDhCwa', name: 'Charlotte', description: 'Warm British receptionist, friendly and clear.', public_user_id: 'b2c3d4e5f60718293a4b5c6d7e8f90a1', gender: 'female', accent: 'British', age: 'Young' },
	{ provider: 'elevenlabs', provider_voice_id: 'onwK4e9ZLuTAKqWW03F9', name: 'Daniel', description: 'Authoritative British news presenter.', public_user_id: 'c3d4e5f60718293a4b5c6d7e8f90a1b2', gender: 'male', accent: 'British', age: 'Middle Aged' },
	{ provider: 'cartesia', provider_voice_id: '79a125e8-cd45-4c13-8a67-188112f4dd22', name: 'British Lady', description: 'Elegant British voice for customer support.', gender: 'female', accent: 'British', age: 'Middle Aged' },
	{ provider: 'cartesia', provider_voice_id: 'a0e99841-438c-4a64-b679-ae501e7d6091', name: 'Barbershop Man', description: 'Casual American conversational voice.', gender: 'male', accent: 'American', age: 'Young' },
	{ provider: 'minimax', provider_voice_id: 'English_Trustworth_Man', name: 'Trustworthy Man', description: 'Steady American voice for sales calls.', gender: 'male', accent: 'American', age: 'Middle Aged' },
	{ provider: 'fish_audio', provider_voice_id: '802e3bc2b27e49c2995d23ef70e6ac89', name: 'Energetic Host', description: 'Upbeat American podcast host.', gender: 'female', accent: 'American', age: 'Young' },
];
