// Property tests of every form's round trip (issue 11, checks): documents with and without unknown content.
import { roundTripProperties } from './properties';

roundTripProperties(150);
