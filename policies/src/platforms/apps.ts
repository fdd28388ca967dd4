/**
 * The apps places belong to, for the policies that name apps in config (`readOnlyProjects`,
 * `appRateLimitedProjects`) or check what stands in front of them (rate limiting).
 */
import { shownText } from "../analysis/credentials";
import type { IndexedResource, StackIndex } from "../analysis/flow";
import { platformOf } from "./index";
import { AppRef, Place } from "./place";

export function appsOf(index: StackIndex, resource: IndexedResource, place: Place): AppRef[] {
    const platform = platformOf(resource.type);
    const fromModule = platform?.appsOf?.(index, resource) ?? [];
    if (fromModule.length > 0 || place.app === undefined) {
        return fromModule;
    }
    return [{ key: `${platform?.name ?? resource.type}:${place.app}`, names: [place.app], label: `${place.words.platform} app ${shownText(place.app)}`, reportOn: { urn: resource.urn, name: resource.name } }];
}
