// Test support for packages that drive the call model (CTI, IVR): the model and controller over a fake adapter.
export { callFixture } from './call-fixture.ts';
export { FakeSwitchAdapter } from './fake-switch-adapter.ts';
