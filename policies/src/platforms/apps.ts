/**
 * The apps places belong to, for the policies that name apps in config (`readOnlyProjects`,
 * `appRateLimitedProjects`) or check what stands in front of them (rate limiting).
 */
import { shownText } from "../analysis/credentials";
import { platformOf } from "./index";
import { AppRef, IndexedResource, Place, StackView } from "./place";

export function appsOf(index: StackView, resource: IndexedResource, place: Place): AppRef[] {
    const platform = platformOf(resource.type);
    const fromModule = platform?.appsOf?.(index, resource) ?? [];
    if (fromModule.length > 0 || place.app === undefined) {
        return fromModule;
    }
    return [{ key: `${platform?.name ?? resource.type}:${place.app}`, names: [place.app], label: `${place.words.platform} app ${shownText(place.app)}`, reportOn: { urn: resource.urn, name: resource.name } }];
}
