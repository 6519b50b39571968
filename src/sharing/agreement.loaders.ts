import { defineKeyLoader } from "../common/visible-rows.js";
import { Agreement } from "./sharing.models.js";

/** Agreements by id, through the policy's row rules (none for anonymous callers). */
export const agreementById = defineKeyLoader<Agreement, number>("sharing:agreementById", Agreement, "id");
